package io.github.wxminiauth.coexistence.wxmini.shopwxminifirst;

import io.github.wxminiauth.coexistence.wxmini.shop.ShopWithMiniProgramTests;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * Where in the chain the one line goes makes no difference: every test of
 * {@link ShopWithMiniProgramTests} (and so of the shop's own), with {@code wxMini()} first.
 */
@SpringBootTest(classes = ShopWithWxMiniFirstApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ShopWithWxMiniFirstTests extends ShopWithMiniProgramTests {

}
