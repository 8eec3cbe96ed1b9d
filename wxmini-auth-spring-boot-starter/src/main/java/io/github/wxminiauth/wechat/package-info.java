/**
 * API: the WeChat server APIs as this starter sees them. {@link io.github.wxminiauth.wechat.WxApiClient}
 * is the service (and the SPI for another client, e.g. one over WxJava); its records
 * ({@link io.github.wxminiauth.wechat.WxSession}, {@link io.github.wxminiauth.wechat.PhoneNumber},
 * {@link io.github.wxminiauth.wechat.WxAccessToken}) and one
 * {@link io.github.wxminiauth.wechat.WxApiException} subtype per kind of failure are what callers
 * see. Which mini programs are served is {@link io.github.wxminiauth.wechat.WxApp}, the
 * {@link io.github.wxminiauth.wechat.WxAppRegistry} SPI and the application's
 * {@link io.github.wxminiauth.wechat.WxAppSource}. The implementations live in
 * {@code io.github.wxminiauth.wechat.internal}.
 */
@NullMarked
package io.github.wxminiauth.wechat;

import org.jspecify.annotations.NullMarked;
