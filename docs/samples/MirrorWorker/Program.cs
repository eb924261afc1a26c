using Microsoft.Extensions.Hosting;
using MirrorWorker;

using var host = MirrorWorkerApp.Build(args);
await host.RunAsync();
