using Ariadne.Cli;

// `ariadne` is one executable: `serve` runs the web UI and REST API (see Web/AriadneWebApp.cs for its table of
// contents); every other verb is a command-line job over the same core services.
return await AriadneCommand.Create().Parse(args).InvokeAsync();
