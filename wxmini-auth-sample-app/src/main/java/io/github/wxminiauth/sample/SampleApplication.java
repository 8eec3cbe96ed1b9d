package io.github.wxminiauth.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A mini-program backend built on wxmini-auth: users in JPA, endpoints guarded with
 * {@code @PreAuthorize}, and a built-in WeChat simulator so the whole flow runs without a real
 * mini program. Login, refresh, logout, phone binding and request security all come from the
 * starter; this application only says where users live and what they may do.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
