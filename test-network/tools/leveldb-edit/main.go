// leveldb-edit: raw access to a stopped Fabric peer's LevelDB state database, for the tamper
// fault test (test-network/src/faults.ts). Keys and values are hex on the command line and on
// stdout. Fabric itself uses this LevelDB library (goleveldb), so the files stay compatible.
//
//	go run . get    <db> <key-hex>          prints the value (nothing if absent)
//	go run . put    <db> <key-hex> <value-hex>
//	go run . delete <db> <key-hex>
//	go run . list   <db> <prefix-hex>       prints "<key-hex> <value-hex>" per line
package main

import (
	"encoding/hex"
	"fmt"
	"os"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
	"github.com/syndtr/goleveldb/leveldb/util"
)

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	must(err)
	return b
}

func main() {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: leveldb-edit get|put|delete|list <db> <key-hex> [value-hex]")
		os.Exit(2)
	}
	db, err := leveldb.OpenFile(os.Args[2], nil)
	must(err)
	defer db.Close()
	key := unhex(os.Args[3])
	switch os.Args[1] {
	case "get":
		v, err := db.Get(key, nil)
		if err == leveldb.ErrNotFound {
			return
		}
		must(err)
		fmt.Println(hex.EncodeToString(v))
	case "put":
		if len(os.Args) < 5 {
			must(fmt.Errorf("put needs a value"))
		}
		must(db.Put(key, unhex(os.Args[4]), &opt.WriteOptions{Sync: true}))
	case "delete":
		must(db.Delete(key, &opt.WriteOptions{Sync: true}))
	case "list":
		it := db.NewIterator(util.BytesPrefix(key), nil)
		for it.Next() {
			fmt.Printf("%s %s\n", hex.EncodeToString(it.Key()), hex.EncodeToString(it.Value()))
		}
		it.Release()
		must(it.Error())
	default:
		must(fmt.Errorf("unknown command %q", os.Args[1]))
	}
}
