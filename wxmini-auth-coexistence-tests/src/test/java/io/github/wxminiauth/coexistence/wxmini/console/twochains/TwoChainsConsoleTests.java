package io.github.wxminiauth.coexistence.wxmini.console.twochains;

import io.github.wxminiauth.coexistence.wxmini.console.ConsoleWithMiniProgramTests;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The console and the mini program's API in two chains.
 */
@SpringBootTest(classes = TwoChainsConsoleApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class TwoChainsConsoleTests extends ConsoleWithMiniProgramTests {

}
