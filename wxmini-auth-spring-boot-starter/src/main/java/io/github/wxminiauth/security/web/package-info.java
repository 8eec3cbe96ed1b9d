/**
 * The servlet filters of the starter's endpoints and bearer tokens, their entry point, access-
 * denied handler and error writing.
 */
@NullMarked
package io.github.wxminiauth.security.web;

import org.jspecify.annotations.NullMarked;
