console.log("bootstrap")
