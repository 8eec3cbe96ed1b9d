/**
 * Shared stores in Redis for several instances: refresh tokens and revocations, the WeChat access
 * token and its cluster-wide lock, session keys.
 */
@NullMarked
package io.github.wxminiauth.redis;

import org.jspecify.annotations.NullMarked;
