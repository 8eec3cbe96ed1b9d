/**
 * The sample application: what a user of the starter writes. The application class, its own
 * settings and a {@code SecurityFilterChain} that adds WeChat login with
 * {@code WxMiniConfigurer}; the other packages hold the endpoints, the user store, the mini
 * programs kept in a database and the built-in WeChat simulator.
 */
@NullMarked
package io.github.wxminiauth.sample;

import org.jspecify.annotations.NullMarked;
