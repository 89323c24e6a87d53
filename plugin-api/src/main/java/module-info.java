/**
 * The plugin API: what a plugin compiles against, with only JDK types. See {@link dev.mailserver.plugin.api}.
 */
module dev.mailserver.plugin.api {
    exports dev.mailserver.plugin.api;
}
