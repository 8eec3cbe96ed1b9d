/**
 * The {@link io.github.wxminiauth.security.config.WxMiniConfigurer} DSL that adds mini-program
 * login to an application's own {@code SecurityFilterChain}, next to whatever else the chain
 * authenticates.
 * <p>
 * API: {@link io.github.wxminiauth.security.config.WxMiniConfigurer}; nothing else here is public.
 */
@NullMarked
package io.github.wxminiauth.security.config;

import org.jspecify.annotations.NullMarked;
