/**
 * {@link io.github.wxminiauth.test.context.support.WithMockWxUser}: a mini-program user in the
 * security context of a test, as Spring Security's {@code @WithMockUser} is for a username.
 * <p>
 * API: the annotation; its security-context factory is package-private, as Spring Security's is.
 *
 * @since 0.2.0
 */
@NullMarked
package io.github.wxminiauth.test.context.support;

import org.jspecify.annotations.NullMarked;
