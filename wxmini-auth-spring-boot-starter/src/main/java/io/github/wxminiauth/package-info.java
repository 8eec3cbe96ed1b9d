/**
 * WeChat Mini Program login for Spring Security.
 */
package io.github.wxminiauth;
