/**
 * Metrics of logins, refreshes, rate limits and WeChat calls, with low-cardinality tags only.
 * <p>
 * API: {@link io.github.wxminiauth.metrics.WxMiniMetrics}, the recorder an application's own
 * components record through. Its Micrometer implementation is in {@code metrics.internal}.
 */
@NullMarked
package io.github.wxminiauth.metrics;

import org.jspecify.annotations.NullMarked;
