package io.github.wxminiauth.coexistence.console;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop's operations console (运营后台) as it was before the mini program: operators log in
 * with a form, stay logged in with their session, and post notices through forms protected
 * against CSRF.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class ConsoleApplication {

}
