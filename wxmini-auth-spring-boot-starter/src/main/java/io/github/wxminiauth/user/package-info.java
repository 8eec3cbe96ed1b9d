/**
 * Mini-program users: the {@link io.github.wxminiauth.user.WxUserDetailsService} SPI an
 * application implements to keep them in its own store, its in-memory default, and the principal
 * of authenticated requests.
 * <p>
 * API: every type here.
 */
@NullMarked
package io.github.wxminiauth.user;

import org.jspecify.annotations.NullMarked;
