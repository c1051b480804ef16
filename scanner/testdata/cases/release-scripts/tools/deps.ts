export * from "jsr:@acme/automation@1.2.3";
