using RegistryApi;

var app = RegistryApiApp.Build(args);
await app.RunAsync();
