package dev.laurel;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Laurel: a self-hosted loyalty points engine. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class LaurelApplication {

    public static void main(String[] args) {
        SpringApplication.run(LaurelApplication.class, args);
    }
}
