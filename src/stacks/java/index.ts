import { defineStack } from '../define.js';
import { VERSION } from '../../version.js';
import { detectJava } from './detect.js';
import type { JavaFacts } from './facts.js';
import { planJava } from './plan.js';

export const java = defineStack<JavaFacts>({
  id: 'java',
  label: 'Java',
  bases: ['slim', 'distroless', 'alpine'],
  startHint: 'Spring Boot, Quarkus and Micronaut apps are found on their own; for a plain app set a main class (maven-jar-plugin <mainClass>, maven-shade-plugin, or Gradle application { mainClass }) or pass --cmd "java -jar app.jar".',
  detect: detectJava,
  plan(detection, options) {
    return planJava(detection, options, VERSION);
  },
});
