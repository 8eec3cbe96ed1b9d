/**
 * {@link io.github.wxminiauth.test.context.support.WithMockWxUser}: a mini-program user in the
 * security context of a test, as Spring Security's {@code @WithMockUser} is for a username.
 *
 * @since 0.2.0
 */
@NullMarked
package io.github.wxminiauth.test.context.support;

import org.jspecify.annotations.NullMarked;
