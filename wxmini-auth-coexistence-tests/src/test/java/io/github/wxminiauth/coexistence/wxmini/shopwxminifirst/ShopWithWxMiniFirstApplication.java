package io.github.wxminiauth.coexistence.wxmini.shopwxminifirst;

import io.github.wxminiauth.coexistence.shop.ShopAccounts;
import io.github.wxminiauth.coexistence.shop.ShopApi;
import io.github.wxminiauth.coexistence.shop.ShopTokens;
import io.github.wxminiauth.coexistence.shop.TokenController;
import io.github.wxminiauth.coexistence.wxmini.shop.MiniProgramApi;
import io.github.wxminiauth.coexistence.wxmini.shop.ShopWithMiniProgramApplication;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/**
 * The shop of {@link ShopWithMiniProgramApplication}, its developer having put the one line
 * first in the chain ({@link ShopWithWxMiniFirstSecurity}).
 */
@SpringBootApplication(proxyBeanMethods = false)
@Import({ ShopAccounts.class, ShopTokens.class, TokenController.class, ShopApi.class, MiniProgramApi.class })
public class ShopWithWxMiniFirstApplication {

}
