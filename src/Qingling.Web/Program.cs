using System.CommandLine;
using System.Text;
using Qingling.Web.Cli;

Console.OutputEncoding = Encoding.UTF8;

var root = new RootCommand("清零 Qingling：脱贫家庭人均纯收入“清零”工作系统");
root.Subcommands.Add(Qingling.Web.Demo.InitCommand.Create());
root.Subcommands.Add(Qingling.Web.Demo.DemoCommand.Create());
root.Subcommands.Add(Qingling.Web.Import.ImportCommand.Create());
root.Subcommands.Add(Qingling.Web.Income.IncomeCommand.Create());
root.Subcommands.Add(Qingling.Web.Targets.TargetsCommand.Create());
root.Subcommands.Add(Qingling.Web.Regions.RegionCommand.Create());
root.Subcommands.Add(Qingling.Web.Regions.PublishCommand.Create());
root.Subcommands.Add(Qingling.Web.Integrity.IntegrityCommand.Create());
root.Subcommands.Add(Qingling.Web.Trace.TraceCommand.Create());
root.Subcommands.Add(Qingling.Web.Demo.GenerateCommand.Create());
root.Subcommands.Add(Qingling.Web.Plans.PlanCommand.Create());
root.Subcommands.Add(Qingling.Web.Measures.MeasuresCommand.Create());
root.Subcommands.Add(Qingling.Web.Funds.ProjectsCommand.Create());
root.Subcommands.Add(Qingling.Web.Progress.ProgressCommand.Create());
root.Subcommands.Add(Qingling.Web.Serve.ServeCommand.Create());
root.Subcommands.Add(Qingling.Web.Users.UsersCommand.Create());
root.Subcommands.Add(Qingling.Web.Rhythm.RhythmCommands.Screening());
root.Subcommands.Add(Qingling.Web.Rhythm.RhythmCommands.Review());
root.Subcommands.Add(Qingling.Web.Rhythm.RhythmCommands.Tasks());
root.Subcommands.Add(Qingling.Web.Rhythm.RhythmCommands.Quarter());
root.Subcommands.Add(Qingling.Web.Assessment.AssessCommand.Create());
root.Subcommands.Add(Qingling.Web.Showcase.ShowcaseCommand.Create());
root.Subcommands.Add(Qingling.Web.Operations.OperationsCommands.Backup());
root.Subcommands.Add(Qingling.Web.Operations.OperationsCommands.Restore());
root.Subcommands.Add(Qingling.Web.Operations.OperationsCommands.Migrate());

// The database options belong to the commands that open a database (and their subcommands); `generate` writes a
// file only, so its help does not offer options it would ignore.
foreach (var command in root.Subcommands.Where(c => c.Name != "generate"))
    foreach (var option in new Option[] { CommonOptions.Db, CommonOptions.Connection, CommonOptions.KeyFile })
        if (!command.Options.Contains(option)) command.Options.Add(option);

return CommandLine.Run(root, args);
