/**
 * Mini-program users: the {@link io.github.wxminiauth.user.WxUserDetailsService} SPI an
 * application implements to keep them in its own store, and the principal of authenticated
 * requests.
 */
@NullMarked
package io.github.wxminiauth.user;

import org.jspecify.annotations.NullMarked;
