module.exports = {
	ensureLogfile: (...args) => require("./ensureLogfile.cjs")(...args),
	relabel: (...args) => require("./relabel.cjs")(...args),
};
