/**
 * Spring Boot Actuator support: the health of the WeChat access tokens, without ever showing one.
 */
@NullMarked
package io.github.wxminiauth.actuate;

import org.jspecify.annotations.NullMarked;
