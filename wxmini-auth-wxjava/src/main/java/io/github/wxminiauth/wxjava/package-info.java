/**
 * WxJava's {@code WxMaService} on wxmini-auth's access tokens: {@link SharedTokenWxMaConfig}
 * hands WxJava the token of the starter's
 * {@link io.github.wxminiauth.accesstoken.AccessTokenProvider}, and {@link SharedTokenWxMaService}
 * makes sure WxJava never fetches one itself.
 */
@NullMarked
package io.github.wxminiauth.wxjava;

import org.jspecify.annotations.NullMarked;
