/**
 * Internal: the starter's implementations behind the {@code io.github.wxminiauth.wechat} API,
 * public only where the auto-configuration builds them ({@code RestWxApiClient} over
 * {@code RestClient} and its parts, the fixed and the reloading app registries). Applications
 * should not use these types: they may change in any release.
 */
@NullMarked
package io.github.wxminiauth.wechat.internal;

import org.jspecify.annotations.NullMarked;
