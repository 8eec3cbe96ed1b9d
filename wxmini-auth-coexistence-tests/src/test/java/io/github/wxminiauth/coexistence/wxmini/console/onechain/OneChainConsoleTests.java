package io.github.wxminiauth.coexistence.wxmini.console.onechain;

import io.github.wxminiauth.coexistence.wxmini.console.ConsoleWithMiniProgramTests;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The console and the mini program's API in one chain.
 */
@SpringBootTest(classes = OneChainConsoleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class OneChainConsoleTests extends ConsoleWithMiniProgramTests {

}
