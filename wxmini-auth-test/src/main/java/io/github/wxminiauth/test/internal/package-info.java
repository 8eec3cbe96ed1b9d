/**
 * Implementation details of the test support, shared by its public packages. Not API.
 */
@NullMarked
package io.github.wxminiauth.test.internal;

import org.jspecify.annotations.NullMarked;
