/**
 * Internal: the Micrometer implementation of {@code WxMiniMetrics} and the timing wrapper of the
 * WeChat client. Public only for the auto-configuration; may change in any release without
 * notice.
 */
@NullMarked
package io.github.wxminiauth.metrics.internal;

import org.jspecify.annotations.NullMarked;
