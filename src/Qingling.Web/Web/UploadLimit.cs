using Microsoft.AspNetCore.Http.Features;

namespace Qingling.Web.Web;

/// <summary>
/// The import page takes files up to the configured limit (Qingling:UploadLimitMB); a larger one is refused
/// with 413 and a Chinese page before a byte of it is read. Browsers always send the length of a form; a body
/// without a length is cut by the server at the same limit.
/// </summary>
public static class UploadLimit
{
    public static IApplicationBuilder UseUploadLimit(this IApplicationBuilder app, WebSettings settings) => app.Use(async (context, next) =>
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/Import", StringComparison.OrdinalIgnoreCase))
        {
            if (context.Request.ContentLength > settings.UploadLimitBytes)
            {
                await WebErrors.Write(context, StatusCodes.Status413PayloadTooLarge, "文件太大",
                    $"上传的文件约{context.Request.ContentLength.Value / 1024.0 / 1024.0:0.#} MB，超过上限{settings.UploadLimitMB} MB。"
                    + "请分村导出后分别导入，或请管理员调高设置 Qingling:UploadLimitMB。");
                return;
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = settings.UploadLimitBytes;
        }
        await next(context);
    });
}
