/**
 * WeChat Mini Program login for Spring Security. The packages below are organised by role:
 * {@code wechat} talks to WeChat, {@code accesstoken} keeps WeChat's access token, {@code token}
 * issues and verifies the starter's own tokens, {@code user} is where mini-program users live,
 * {@code security} plugs all of it into Spring Security, {@code autoconfigure} wires it up.
 * <p>
 * Every package named {@code …internal} holds the starter's own wiring: public only so that its
 * other packages can use it, not API, and may change in any release without notice. The other
 * packages are API (see {@code docs/architecture.md}).
 */
@NullMarked
package io.github.wxminiauth;

import org.jspecify.annotations.NullMarked;
