/**
 * WeChat session keys: kept after login, used to decrypt legacy {@code encryptedData}, verify
 * {@code rawData} signatures and check or reset a user's session key with WeChat.
 */
@NullMarked
package io.github.wxminiauth.sessionkey;

import org.jspecify.annotations.NullMarked;
