/**
 * The client of WeChat's server APIs (code2Session, stable token, phone number, session-key
 * checks) on {@code RestClient}, with WeChat's errors as typed exceptions.
 */
@NullMarked
package io.github.wxminiauth.wechat;

import org.jspecify.annotations.NullMarked;
