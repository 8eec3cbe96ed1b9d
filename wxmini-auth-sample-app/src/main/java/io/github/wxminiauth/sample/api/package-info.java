/**
 * The sample's endpoints: the caller's profile and phone number, member accounts, and admin
 * operations on users and sessions (kick out, ban, re-authorize), protected with
 * {@code @PreAuthorize} over the authorities the starter puts into its access tokens.
 */
@NullMarked
package io.github.wxminiauth.sample.api;

import org.jspecify.annotations.NullMarked;
