package io.github.wxminiauth.coexistence.wxmini.console.twochains;

import io.github.wxminiauth.coexistence.console.ConsoleAccounts;
import io.github.wxminiauth.coexistence.console.ConsolePages;
import io.github.wxminiauth.coexistence.wxmini.console.MiniProgramShopApi;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The console with the mini program's API in a chain of its own ({@link TwoChainsConsoleSecurity}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ ConsoleAccounts.class, ConsolePages.class, MiniProgramShopApi.class })
public class TwoChainsConsoleApplication {

}
