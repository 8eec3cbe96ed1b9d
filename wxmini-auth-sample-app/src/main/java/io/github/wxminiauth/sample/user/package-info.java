/**
 * The sample's user store: users in JPA ({@code wx_user}, linked to {@code member_account} by
 * phone number), behind the starter's {@code WxUserDetailsService} SPI, safe against concurrent
 * first logins of one user.
 */
@NullMarked
package io.github.wxminiauth.sample.user;

import org.jspecify.annotations.NullMarked;
