package io.github.wxminiauth.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * On an embedded Tomcat, closes the connection of a request whose body an endpoint gave up on
 * instead of letting Tomcat drain it (see {@link AbandonedRequestBodyValve}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = { "org.apache.catalina.valves.ValveBase",
		"org.springframework.boot.tomcat.TomcatContextCustomizer" })
class AbandonedRequestBodyConfiguration {

	@Bean
	TomcatContextCustomizer wxAbandonedRequestBodyValve() {
		return (context) -> context.getPipeline().addValve(new AbandonedRequestBodyValve());
	}

}
