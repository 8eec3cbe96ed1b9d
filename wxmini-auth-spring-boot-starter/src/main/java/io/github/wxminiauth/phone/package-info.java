/**
 * Phone-number binding: the {@code getPhoneNumber} code is exchanged with WeChat and the number
 * stored through the user service before it is answered.
 * <p>
 * API: every type here.
 */
@NullMarked
package io.github.wxminiauth.phone;

import org.jspecify.annotations.NullMarked;
