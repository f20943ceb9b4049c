package main

import (
	"fmt"
	"log"
	"net/http"
	"os"

	"github.com/example/greeter/internal/greeting"
)

func main() {
	// Like apps written for a platform that always sets PORT: without it there is nothing to listen on.
	port := os.Getenv("PORT")
	if port == "" {
		log.Fatal("$PORT must be set")
	}
	addr := ":" + port
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, greeting.For("world"))
	})
	log.Printf("listening on %s", addr)
	log.Fatal(http.ListenAndServe(addr, nil))
}
