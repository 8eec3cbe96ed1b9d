/**
 * The built-in WeChat simulator, on by default so that the sample starts with nothing set up:
 * it answers the WeChat APIs the starter calls and mints login and phone codes for the
 * playground page. It runs only while every configured mini program is the simulator's own.
 */
@NullMarked
package io.github.wxminiauth.sample.simulator;

import org.jspecify.annotations.NullMarked;
