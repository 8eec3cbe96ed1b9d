package io.github.wxminiauth.coexistence.wxmini.shop;

import io.github.wxminiauth.coexistence.shop.ShopAccounts;
import io.github.wxminiauth.coexistence.shop.ShopApi;
import io.github.wxminiauth.coexistence.shop.ShopApplication;
import io.github.wxminiauth.coexistence.shop.ShopTokens;
import io.github.wxminiauth.coexistence.shop.TokenController;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The shop of {@link ShopApplication} once the mini program came: the same accounts, tokens and
 * API, and its chain with one line more ({@link ShopWithMiniProgramSecurity}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ ShopAccounts.class, ShopTokens.class, TokenController.class, ShopApi.class })
public class ShopWithMiniProgramApplication {

}
