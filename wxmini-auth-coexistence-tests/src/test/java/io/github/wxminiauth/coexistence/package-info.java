/**
 * Applications that had security of their own before the mini program came, each in its own
 * package with its own tests of that security: {@code shop} (HTTP Basic, its own RS256 JWTs
 * through an OAuth2 resource server, {@code @PreAuthorize}), {@code partner} (opaque tokens
 * introspected at an authorization server, HTTP Basic), {@code console} (form login, sessions,
 * CSRF) and {@code ledger} (its own method-security settings). The build runs those tests twice,
 * with the starter on the class path and without it, and they pass unchanged in both.
 * <p>
 * Under {@code wxmini} are the same applications with {@code http.with(WxMiniConfigurer.wxMini(), …)}
 * added: their tests extend the host's, so every test of the host runs again next to the mini
 * program's. Only what is under {@code wxmini} uses the starter's API, and it runs only with the
 * starter.
 */
package io.github.wxminiauth.coexistence;
