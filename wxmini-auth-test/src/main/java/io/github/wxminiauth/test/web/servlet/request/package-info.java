/**
 * MockMvc request post-processors for mini-program users:
 * {@link io.github.wxminiauth.test.web.servlet.request.WxMiniMockMvcRequestPostProcessors#wxUser()}.
 * <p>
 * API: every type here.
 *
 * @since 0.2.0
 */
@NullMarked
package io.github.wxminiauth.test.web.servlet.request;

import org.jspecify.annotations.NullMarked;
