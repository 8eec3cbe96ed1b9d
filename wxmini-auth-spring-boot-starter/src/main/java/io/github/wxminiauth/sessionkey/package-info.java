/**
 * WeChat session keys: kept after login, used to decrypt legacy {@code encryptedData}, verify
 * {@code rawData} signatures and check or reset a user's session key with WeChat.
 * <p>
 * API: the {@link io.github.wxminiauth.sessionkey.SessionKeyStore} SPI and its in-memory default,
 * the two services and their exceptions; the cipher is package-private.
 */
@NullMarked
package io.github.wxminiauth.sessionkey;

import org.jspecify.annotations.NullMarked;
