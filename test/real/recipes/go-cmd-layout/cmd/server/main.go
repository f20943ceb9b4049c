package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/example/greeter/internal/greeting"
)

func main() {
	addr := ":" + envOr("PORT", "8080")
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting.For("world"))
	})
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
