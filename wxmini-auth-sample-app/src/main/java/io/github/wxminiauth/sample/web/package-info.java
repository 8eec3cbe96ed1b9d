/**
 * How the sample's own endpoints answer a request they cannot take: in the starter's error shape
 * (RFC 9457 {@code application/problem+json} with the machine code {@code error}), so that a
 * client reads one kind of error from the whole backend.
 */
@NullMarked
package io.github.wxminiauth.sample.web;

import org.jspecify.annotations.NullMarked;
