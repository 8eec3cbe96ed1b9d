package io.github.wxminiauth.sample.apps;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mini programs from the database: declaring a {@link io.github.wxminiauth.wechat.WxAppSource}
 * is all it takes for the starter to serve them.
 */
@Configuration(proxyBeanMethods = false)
class AppsConfiguration {

	@Bean
	JpaWxAppSource jpaWxAppSource(MiniProgramRepository repository) {
		return new JpaWxAppSource(repository);
	}

}
