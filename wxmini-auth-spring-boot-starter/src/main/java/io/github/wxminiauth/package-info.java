/**
 * WeChat Mini Program login for Spring Security. The packages below are organised by role: {@code
 * wechat} talks to WeChat, {@code accesstoken} keeps WeChat's access token, {@code token} issues
 * and verifies the starter's own tokens, {@code user} is where mini-program users live, {@code
 * security} plugs all of it into Spring Security, {@code autoconfigure} wires it up.
 */
@NullMarked
package io.github.wxminiauth;

import org.jspecify.annotations.NullMarked;
