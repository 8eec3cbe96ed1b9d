/**
 * Micrometer metrics of logins, refreshes, rate limits and WeChat calls, with low-cardinality
 * tags only.
 */
@NullMarked
package io.github.wxminiauth.metrics;

import org.jspecify.annotations.NullMarked;
