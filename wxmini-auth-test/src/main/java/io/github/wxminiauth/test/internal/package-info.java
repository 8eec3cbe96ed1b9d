/**
 * Internal: implementation details of the test support, shared by its public packages. Public
 * only for them; not API, and may change in any release without notice.
 */
@NullMarked
package io.github.wxminiauth.test.internal;

import org.jspecify.annotations.NullMarked;
