/** For plugins that want Guice; see {@link dev.mailserver.plugin.guice.PluginModule}. */
module dev.mailserver.plugin.guice {
    requires transitive dev.mailserver.plugin.api;
    requires transitive com.google.guice;

    exports dev.mailserver.plugin.guice;
}
